package io.sluice.demo.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.demo.streams.StreamLog.OpenStream;
import java.time.Instant;

/**
 * The bidirectional "echo" stream: whatever the client publishes into the channel
 * ({@code sub.publish(data)} in centrifuge-js) comes back to it alone as a publication, numbered.
 * One message is taken from the node at a time and the next only once the reply could go out, so a
 * node that stops reading replies also stops getting its publishes read.
 */
final class EchoStream implements Streams.Inbound {

    private final SubscriptionCall call;
    private final OpenStream stream;
    private long n;

    private EchoStream(SubscriptionCall call, OpenStream stream) {
        this.call = call;
        this.stream = stream;
    }

    static Streams.Inbound start(SubscribeStart start, SubscriptionCall call, Streams.Context ctx) {
        OpenStream stream = ctx.log().open("echo", start.describe());
        ObjectNode accepted = Streams.acceptedFor(start);
        accepted.put("hint", "publish anything into this channel: it comes back to you");
        call.accept(accepted);
        call.onCancel(() -> stream.close("cancelled by the node"));
        call.requestNext();
        return new EchoStream(call, stream);
    }

    @Override
    public void subscribe(SubscribeStart start) {
        // The subscribe request came first and chose this stream; there is no second one.
    }

    @Override
    public void publication(byte[] data) {
        ObjectNode echo = Json.object();
        echo.set("echo", Json.anything(data));
        echo.put("at", Instant.now().toString());
        echo.put("n", ++n);
        call.publish(echo);
        stream.countSent();
        call.requestNext();
    }

    @Override
    public void ended(String why) {
        stream.close(why);
        call.complete();
    }
}
