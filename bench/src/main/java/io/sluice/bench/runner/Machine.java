package io.sluice.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Facts about the machine and the run that every result depends on. */
public final class Machine {

    private Machine() {
    }

    static Map<String, Object> describe(long descriptorLimit, List<String> nodeJvmFlags) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", procValue("/proc/cpuinfo", "model name", "unknown"));
        machine.put("memoryMb", Long.parseLong(procValue("/proc/meminfo", "MemTotal", "0 kB").replaceAll("[^0-9]", "")) / 1024);
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("openFilesLimit", descriptorLimit);
        machine.put("nodeJvmFlags", nodeJvmFlags);
        return machine;
    }

    /** The hard open-files limit this process (and every child) has: JVMs raise their soft limit to it. */
    public static long descriptorLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                    return fields[1].equals("unlimited") ? 1 << 20 : Long.parseLong(fields[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: assume the common default.
        }
        return 1024;
    }

    static String commit() {
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String procValue(String file, String key, String otherwise) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // Not Linux.
        }
        return otherwise;
    }
}
