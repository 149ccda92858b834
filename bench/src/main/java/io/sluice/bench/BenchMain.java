package io.sluice.bench;

import io.sluice.bench.backend.BenchBackend;
import io.sluice.bench.generator.GeneratorMain;
import io.sluice.bench.jfr.HotMethods;
import io.sluice.bench.runner.Runner;
import io.sluice.bench.soak.SoakBackend;
import io.sluice.bench.soak.SoakMain;

import java.util.Arrays;

/**
 * {@code java -jar sluice-bench.jar COMMAND}: {@code run} (the scenario runner), and the processes it
 * starts, {@code backend} and {@code generator}; {@code jfr-top FILE} summarises a node's JFR profile;
 * {@code soak} runs the chaos soak, which starts {@code soak-backend}.
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
            case "soak" -> SoakMain.main(rest);
            case "soak-backend" -> SoakBackend.main(rest);
            default -> {
                System.err.println("usage: java -jar sluice-bench.jar run|backend|generator|jfr-top|soak|soak-backend ...");
                System.exit(2);
            }
        }
    }
}
