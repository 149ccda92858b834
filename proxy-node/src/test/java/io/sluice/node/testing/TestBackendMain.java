package io.sluice.node.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TestBackend} in a process of its own, so a test can kill it with SIGKILL and start it again.
 * It accepts every subscription with {@code {"gen":G}} and pushes {@code {"gen":G,"n":N}} to every open
 * stream every 100 ms, where G is the generation given on the command line.
 *
 * <p>Usage: {@code TestBackendMain <port> <generation>}. It talks over stdin/stdout in lines prefixed
 * with {@value #PREFIX} (anything else on stdout is logging): {@code ready <port>} once listening, and
 * {@code open <n>} (streams neither ended nor cancelled) in answer to each {@code open} line on stdin.
 * It exits when stdin closes, so it never outlives the test that started it.
 */
public final class TestBackendMain {

    public static final String PREFIX = "sluice-backend ";
    static final long TICK_MILLIS = 100;

    private TestBackendMain() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String generation = args[1];
        TestBackend backend = TestBackend.start(port, b -> b);
        Set<TestBackend.Call> streams = ConcurrentHashMap.newKeySet();
        backend.onCall(call -> {
            if (call.isSubscription()) {
                call.accept("{\"gen\":" + generation + "}");
                streams.add(call);
            }
        });
        AtomicLong tick = new AtomicLong();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> {
            long n = tick.incrementAndGet();
            for (TestBackend.Call call : streams) {
                if (call.cancelled.isDone()) {
                    streams.remove(call);
                    continue;
                }
                try {
                    call.push("{\"gen\":" + generation + ",\"n\":" + n + "}");
                } catch (RuntimeException e) {
                    // Cancelled between the check and the push.
                    streams.remove(call);
                }
            }
        }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);

        System.out.println(PREFIX + "ready " + backend.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("open")) {
                System.out.println(PREFIX + "open " + backend.openCalls());
                System.out.flush();
            }
        }
        ticker.shutdownNow();
        backend.close();
        System.exit(0);
    }
}
