package dev.mmuscript.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean": which misspellings get a suggestion, which do not, and how ties are broken. */
class SuggestTest {
    @Test
    void oneEditAwayIsSuggested() {
        assertEquals("mmap", Suggest.closest("mmpa", List.of("munmap", "mmap", "mprotect")));
        assertEquals("vm", Suggest.closest("vn", List.of("vm", "child")));
        assertEquals("stale-shadow", Suggest.closest("stale-shadwo", List.of("lost-write", "stale-shadow")));
    }

    @Test
    void caseAloneIsSuggestedFirst() {
        assertEquals("Vm", Suggest.closest("vm", List.of("vn", "Vm")));
    }

    @Test
    void tooFarIsNotSuggested() {
        assertNull(Suggest.closest("stale-entry", List.of("stale-shadow", "stale-tlb")));
        assertNull(Suggest.closest("ab", List.of("xy")));
        assertNull(Suggest.closest("x".repeat(100), List.of("x".repeat(99))));
    }

    @Test
    void anotherNumberIsNotATypo() {
        assertNull(Suggest.closest("linux-9.99", List.of("linux-3.19", "linux-4.19")));
        assertNull(Suggest.closest("p2", List.of("p1")));
        assertEquals("linux-4.19", Suggest.closest("linux-4.91", List.of("linux-4.11", "linux-4.19")));
    }

    @Test
    void tiesGoToTheAlphabeticallyFirstWhateverTheOrder() {
        assertEquals("kvm", Suggest.closest("kvx", List.of("kvn", "kvm")));
        assertEquals("kvm", Suggest.closest("kvx", List.of("kvm", "kvn")));
    }

    @Test
    void aKnownWordGetsNoSuggestion() {
        assertNull(Suggest.closest("vm", List.of("vm", "vn")));
    }
}
