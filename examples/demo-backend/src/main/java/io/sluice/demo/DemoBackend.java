package io.sluice.demo;

import io.sluice.demo.grpc.DemoGrpcServer;
import io.sluice.demo.streams.DemoTimings;
import io.sluice.demo.streams.StreamLog;
import io.sluice.demo.web.DemoPageServer;
import java.io.IOException;

/**
 * {@code java -jar sluice-demo.jar}: the example application backend for the Sluice demo. Serves
 * the proxy-stream gRPC contracts the node calls (ticker, logs, echo, connection streams) and the
 * demo page a browser opens.
 */
public final class DemoBackend {

    private DemoBackend() {
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            boolean help = args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"));
            System.err.println(help ? DemoOptions.USAGE : e.getMessage() + "\n" + DemoOptions.USAGE);
            System.exit(help ? 0 : 2);
            return;
        }
        StreamLog log = new StreamLog(System.out);
        DemoGrpcServer grpc;
        DemoPageServer page;
        try {
            grpc = DemoGrpcServer.start(options.grpcPort(), log, DemoTimings.DEFAULT);
        } catch (IOException e) {
            System.err.println("sluice-demo: cannot listen for gRPC on port " + options.grpcPort() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            page = DemoPageServer.start(options.httpPort(), options.wsUrl());
        } catch (IOException e) {
            grpc.close();
            System.err.println("sluice-demo: cannot serve the page on port " + options.httpPort() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            page.close();
            grpc.close();
        }, "demo-shutdown"));
        System.out.println("Sluice demo backend: gRPC on port " + grpc.port()
                + " (CentrifugoProxyStream and CentrifugoProxy), page on http://localhost:" + page.port()
                + "/ using " + options.wsUrl());
        grpc.awaitTermination();
    }
}
