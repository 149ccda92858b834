package io.sluice.demo.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.demo.streams.DemoErrors.Rejection;
import io.sluice.demo.streams.StreamLog.OpenStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The unidirectional "logs" stream: a tail of a made-up service log, filtered on the backend by the
 * level in the subscribe data ({@code {"level": "warn"}} gives warn and error; none gives all), the
 * way a real backend would pass the client's query on to its log store.
 */
final class LogTailStream {

    enum Level {
        DEBUG, INFO, WARN, ERROR;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Level parse(JsonNode node) throws Rejection {
            if (node.isMissingNode() || node.isNull()) {
                return DEBUG;
            }
            for (Level level : values()) {
                if (node.isTextual() && level.label().equals(node.asText())) {
                    return level;
                }
            }
            throw new Rejection(DemoErrors.UNKNOWN_LEVEL, "unknown level " + node + "; use debug, info, warn or error");
        }
    }

    private record Line(Level level, String service, String message) {
    }

    /** The made-up log, replayed in a loop; every level turns up within a few seconds. */
    private static final List<Line> SCRIPT = List.of(
            new Line(Level.INFO, "gateway", "GET /orders/1042 200 12ms"),
            new Line(Level.DEBUG, "orders", "cache hit for customer 77"),
            new Line(Level.INFO, "orders", "order 1042 confirmed"),
            new Line(Level.WARN, "payments", "card issuer slow: 870ms"),
            new Line(Level.INFO, "gateway", "POST /payments 201 95ms"),
            new Line(Level.DEBUG, "gateway", "keepalive from 10.0.3.7"),
            new Line(Level.ERROR, "payments", "charge 5531 declined: insufficient funds"),
            new Line(Level.INFO, "shipping", "label printed for order 1042"),
            new Line(Level.WARN, "orders", "retrying inventory lookup (attempt 2)"),
            new Line(Level.DEBUG, "shipping", "rate table reloaded"));

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final Level min;
    private int position;

    private LogTailStream(Level min) {
        this.min = min;
    }

    static void start(SubscribeStart start, SubscriptionCall call, Streams.Context ctx) {
        OpenStream stream = ctx.log().open("logs", start.describe());
        Level min;
        try {
            min = Level.parse(Json.requestObject(start.data(), "subscribe").path("level"));
        } catch (Rejection r) {
            call.reject(r.code(), r.getMessage());
            stream.close("rejected " + r.code() + ": " + r.getMessage());
            return;
        }
        ObjectNode accepted = Streams.acceptedFor(start);
        accepted.put("level", min.label());
        Arrays.stream(Level.values()).filter(l -> l.compareTo(min) >= 0).map(Level::label)
                .forEach(accepted.putArray("levels")::add);
        call.accept(accepted);
        LogTailStream tail = new LogTailStream(min);
        new PacedProducer(call, stream, tail::next).start(ctx.timer(), ctx.timings().logInterval());
    }

    /** The next line of the log, or nothing when it is below the filter. */
    private List<JsonNode> next() {
        int seq = ++position;
        Line line = SCRIPT.get((seq - 1) % SCRIPT.size());
        if (line.level().compareTo(min) < 0) {
            return List.of();
        }
        ObjectNode out = Json.object();
        out.put("seq", seq);
        out.put("time", LocalTime.now().format(TIME));
        out.put("level", line.level().label());
        out.put("service", line.service());
        out.put("message", line.message());
        return List.of(out);
    }
}
