package io.gatehouse.passwords;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a new password must be: at least {@value #MIN_LENGTH} characters, and not easy to guess as
 * estimated by zxcvbn (zxcvbn4j): common and breached-style passwords ({@code password123}), repeats
 * ({@code aaaaaaaaaa}), keyboard walks, sequences, dates and words taken from the person's own name,
 * email or company score low and are refused, with zxcvbn's own reason in the message.
 *
 * <p>One rule, used twice: the portal checks a new password before it sends it, so the person sees
 * the reason on the form; management checks it again where the password is stored (sign-up, reset,
 * accepting an invitation), so its developer API cannot be used to set a weak one. Thread-safe.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    /**
     * zxcvbn's score 0–4; 3 is "safely unguessable" (about 10^8 guesses and more): it survives an
     * online attack by far and an offline one against a slow hash such as ours (Argon2).
     */
    static final int MIN_SCORE = 3;
    /** zxcvbn's matching grows with the length; what comes after this many characters only adds strength. */
    private static final int MEASURED_CHARS = 100;

    private final Zxcvbn zxcvbn = new Zxcvbn();

    /**
     * Why the password cannot be used, in words a person understands, or empty when it can.
     *
     * @param aboutThePerson the name, email, company… of the account: a password made of them is refused
     */
    public Optional<String> refusal(String password, String... aboutThePerson) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("Choose a password of at least " + MIN_LENGTH + " characters.");
        }
        List<String> personal = new ArrayList<>();
        for (String s : aboutThePerson) {
            if (s != null && !s.isBlank()) {
                personal.add(s.toLowerCase(Locale.ROOT));
                personal.add(s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", ""));
                for (String part : s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                    if (part.length() >= 3) {
                        personal.add(part);
                    }
                }
            }
        }
        String measured = password.length() > MEASURED_CHARS ? password.substring(0, MEASURED_CHARS) : password;
        Strength strength = zxcvbn.measure(measured, personal);
        if (strength.getScore() >= MIN_SCORE) {
            return Optional.empty();
        }
        StringBuilder why = new StringBuilder("This password is too easy to guess");
        String warning = strength.getFeedback().getWarning();
        why.append(warning == null || warning.isBlank() ? "." : ": " + sentence(warning));
        for (String suggestion : strength.getFeedback().getSuggestions()) {
            why.append(' ').append(sentence(suggestion));
        }
        if (why.indexOf("word") < 0) {
            why.append(" A few unrelated words make a strong password that is easy to remember.");
        }
        return Optional.of(why.toString());
    }

    private static String sentence(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t : t + ".";
    }
}
