package io.gatehouse.management.console;

import io.gatehouse.management.problem.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleFormsTest {

    record Header(String name, String value) {
    }

    record Request(String title, List<Header> headers, Map<String, String> tags) {
    }

    /** A request record whose accessor fails, as one written by mistake would. */
    record Unreadable(String title) {
        @Override
        public String title() {
            throw new UnsupportedOperationException("not readable");
        }
    }

    @Test
    void a_control_character_anywhere_in_a_request_record_is_named_by_its_json_path() {
        Request request = new Request("fine", List.of(new Header("X-Tag", "a\u0000b")), Map.of("team\u0007", "ok"));
        List<Problem.FieldError> errors = ConsoleForms.controlCharacters(request);
        assertEquals(List.of("headers[0].value", "tags.team\u0007"), errors.stream().map(Problem.FieldError::field).toList());
        assertTrue(errors.get(0).message().contains("U+0000"), errors.get(0).message());
    }

    @Test
    void a_request_record_without_control_characters_has_no_errors() {
        assertEquals(List.of(), ConsoleForms.controlCharacters(new Request("tabs\tand\nlines", List.of(), Map.of())));
    }

    @Test
    void a_component_that_cannot_be_read_is_a_programming_error_naming_the_record_and_the_component() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConsoleForms.controlCharacters(new Unreadable("x")));
        assertTrue(e.getMessage().contains(Unreadable.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("title"), e.getMessage());
    }
}
