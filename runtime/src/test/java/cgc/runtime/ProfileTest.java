package cgc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileTest {
    @Test
    void eachStepGetsTheTimeSinceTheStepBeforeAndItsMedianOverRuns() throws InterruptedException {
        Profile p = new Profile(List.of("slow", "fast", "slower"));
        for (int run = 0; run < 3; run++) {
            p.begin();
            Thread.sleep(2);
            p.tick(0);
            p.tick(1);
            Thread.sleep(run == 1 ? 200 : 5);                    // one outlier run: the median ignores it
            p.tick(2);
            p.end();
        }
        assertEquals(3, p.runs());
        List<Profile.Step> s = p.steps();
        assertEquals(List.of("slow", "fast", "slower"), s.stream().map(Profile.Step::name).toList());
        assertTrue(s.get(0).micros() >= 2000, s.toString());
        assertTrue(s.get(1).micros() < 1000, s.toString());
        assertTrue(s.get(2).micros() >= 5000 && s.get(2).micros() < 150_000, s.toString());
    }

    @Test
    void theTableListsTheSlowestStepsThenTheRestInOneLine() {
        Profile p = new Profile(List.of("a", "b", "c"));
        p.begin();
        p.tick(0);
        p.tick(1);
        p.tick(2);
        p.end();
        List<String> lines = p.table(2).lines().toList();
        assertTrue(lines.get(0).startsWith("median time per step over 1 runs (3 steps, "), lines.get(0));
        assertEquals("        us  share  step", lines.get(1));
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(4).endsWith("  1 more steps"), lines.get(4));
        assertEquals(0, new Profile(List.of("x")).steps().getFirst().micros());
    }
}
