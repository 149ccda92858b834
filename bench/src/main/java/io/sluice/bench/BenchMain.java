package io.sluice.bench;

import io.sluice.bench.backend.BenchBackend;
import io.sluice.bench.generator.GeneratorMain;
import io.sluice.bench.jfr.HotMethods;
import io.sluice.bench.runner.Runner;

import java.util.Arrays;

/**
 * {@code java -jar sluice-bench.jar COMMAND}: {@code run} (the scenario runner), and the processes it
 * starts, {@code backend} and {@code generator}; {@code jfr-top FILE} summarises a node's JFR profile.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "run" -> Runner.main(rest);
            case "backend" -> BenchBackend.main(rest);
            case "generator" -> GeneratorMain.main(rest);
            case "jfr-top" -> HotMethods.main(rest);
            default -> {
                System.err.println("usage: java -jar sluice-bench.jar run|backend|generator|jfr-top ...");
                System.exit(2);
            }
        }
    }
}
