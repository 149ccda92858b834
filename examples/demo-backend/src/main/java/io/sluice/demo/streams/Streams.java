package io.sluice.demo.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Picks the behaviour for a subscription stream by the channel's namespace: {@code ticker} and
 * {@code logs} are unidirectional, {@code echo} is bidirectional. The gRPC services of both
 * contracts hand every call here, so the two contracts behave the same.
 */
public final class Streams {

    /** What the behaviours share: the stream log, the timings and the timer that drives the producers. */
    public record Context(StreamLog log, DemoTimings timings, ScheduledExecutorService timer) {
    }

    /** What the node sends on a bidirectional subscription stream, after the call opened. */
    public interface Inbound {
        /** The first message: the subscribe request. */
        void subscribe(SubscribeStart start);

        /** A later message: data the client published into the channel. */
        void publication(byte[] data);

        /** The node finished or cancelled the call. */
        void ended(String why);
    }

    private final Context ctx;

    public Streams(Context ctx) {
        this.ctx = ctx;
    }

    public void unidirectional(SubscribeStart start, SubscriptionCall call) {
        switch (start.namespace()) {
            case "ticker" -> TickerStream.start(start, call, ctx);
            case "logs" -> LogTailStream.start(start, call, ctx);
            default -> refuse(start, call, "no unidirectional stream for namespace '" + start.namespace()
                    + "' (this backend has ticker and logs)");
        }
    }

    /** A bidirectional call: nothing is known until its first message names the channel. */
    public Inbound bidirectional(SubscriptionCall call) {
        call.requestNext();
        return new Inbound() {
            private Inbound chosen;

            @Override
            public void subscribe(SubscribeStart start) {
                if (chosen != null) {
                    return; // Only the first message carries a subscribe request; ignore a repeat.
                }
                if (start.namespace().equals("echo")) {
                    chosen = EchoStream.start(start, call, ctx);
                } else {
                    refuse(start, call, "no bidirectional stream for namespace '" + start.namespace()
                            + "' (this backend has echo)");
                }
            }

            @Override
            public void publication(byte[] data) {
                if (chosen != null) {
                    chosen.publication(data);
                }
            }

            @Override
            public void ended(String why) {
                if (chosen != null) {
                    chosen.ended(why);
                }
            }
        };
    }

    private void refuse(SubscribeStart start, SubscriptionCall call, String message) {
        ctx.log().open("unknown", start.describe()).close("rejected " + DemoErrors.NO_SUCH_STREAM + ": " + message);
        call.reject(DemoErrors.NO_SUCH_STREAM, message);
    }

    /**
     * The start of every subscribe result: the user the node says this subscriber is (for an
     * anonymous connection that is "", with a connection stream it is what that stream decided).
     */
    static ObjectNode acceptedFor(SubscribeStart start) {
        ObjectNode node = Json.object();
        node.put("user", start.user());
        return node;
    }
}
