package io.sluice.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code /proc/loadavg}: other work on the machine skews every figure, so each run records it. */
public record LoadAverage(double one, double five, double fifteen) {

    public static LoadAverage now() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new LoadAverage(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]));
        } catch (IOException | RuntimeException e) {
            return new LoadAverage(-1, -1, -1);
        }
    }

    @Override
    public String toString() {
        return one + " / " + five + " / " + fifteen;
    }
}
