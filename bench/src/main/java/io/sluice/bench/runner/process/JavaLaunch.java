package io.sluice.bench.runner.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How to start a Java main class in a JVM of its own: classpath (a jar or a path list) and class. */
public record JavaLaunch(String classpath, String mainClass) {

    public List<String> command(List<String> jvmFlags, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
