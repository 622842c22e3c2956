package io.gatehouse.passwords;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest(name = "{0} is refused because {1}")
    @CsvSource(delimiter = '|', value = {
            "aaaaaaaaaa        | too easy to guess",
            "password123       | too easy to guess: This is a very common password.",
            "qwertyuiop        | too easy to guess: This is a top-100 common password.",
            "1234567890        | too easy to guess",
            "Password2024!     | too easy to guess: This is similar to a commonly used password.",
            "iloveyou2026      | too easy to guess",
            "short pw          | at least 10 characters",
            "Ab1!Ab1!          | at least 10 characters",
    })
    void weak_or_short_passwords_are_refused_with_the_reason_in_words(String password, String reason) {
        String why = policy.refusal(password).orElseThrow(() -> new AssertionError(password + " was accepted"));
        assertTrue(why.contains(reason), why);
    }

    @ParameterizedTest(name = "{0} is accepted")
    @ValueSource(strings = {"correct horse battery", "teammate password", "tr0ub4dor&3", "a new strong passphrase"})
    void strong_passwords_of_ten_characters_or_more_are_accepted(String password) {
        assertTrue(policy.refusal(password).isEmpty(), () -> policy.refusal(password).orElseThrow());
    }

    @ParameterizedTest(name = "{0} is refused for Ada Lovelace of Analytical Engines")
    @ValueSource(strings = {"adalovelace1", "analytical engines", "ada@lovelace.example"})
    void a_password_made_of_the_persons_own_name_email_or_company_is_refused(String password) {
        assertTrue(policy.refusal(password, "Ada Lovelace", "ada@lovelace.example", "Analytical Engines").isPresent(),
                password + " was accepted");
    }

    @Test
    void an_empty_or_missing_password_is_refused() {
        assertTrue(policy.refusal("").orElseThrow().contains("at least 10 characters"));
        assertTrue(policy.refusal(null).orElseThrow().contains("at least 10 characters"));
    }

    @Test
    void a_very_long_password_is_measured_in_bounded_time() {
        long start = System.nanoTime();
        policy.refusal("x7!Qz".repeat(20_000));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "measured within 5 s");
    }
}
