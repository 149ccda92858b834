package io.sluice.demo.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.demo.streams.DemoErrors.Rejection;
import io.sluice.demo.streams.StreamLog.OpenStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The unidirectional "ticker" stream: made-up prices for the symbols the client asked for in its
 * subscribe data ({@code {"symbols": ["ACME"]}}; none means all), one publication per symbol per
 * tick. Each subscriber gets its own private random walk, which is the point of a proxy stream.
 */
final class TickerStream {

    /** The symbols and their opening prices. */
    static final Map<String, Double> OPENING = openingPrices();

    private final Map<String, Double> prices = new LinkedHashMap<>();
    private long seq;

    private TickerStream(Set<String> symbols) {
        for (String symbol : symbols) {
            prices.put(symbol, OPENING.get(symbol));
        }
    }

    static void start(SubscribeStart start, SubscriptionCall call, Streams.Context ctx) {
        OpenStream stream = ctx.log().open("ticker", start.describe());
        Set<String> symbols;
        try {
            symbols = filter(Json.requestObject(start.data(), "subscribe"));
        } catch (Rejection r) {
            call.reject(r.code(), r.getMessage());
            stream.close("rejected " + r.code() + ": " + r.getMessage());
            return;
        }
        ObjectNode accepted = Streams.acceptedFor(start);
        symbols.forEach(accepted.putArray("symbols")::add);
        accepted.put("interval_ms", ctx.timings().tickInterval().toMillis());
        call.accept(accepted);
        TickerStream ticker = new TickerStream(symbols);
        new PacedProducer(call, stream, ticker::tick).start(ctx.timer(), ctx.timings().tickInterval());
    }

    /** The accepted symbols, in the ticker's order; an unknown one turns the whole subscribe down. */
    static Set<String> filter(ObjectNode data) throws Rejection {
        JsonNode requested = data.path("symbols");
        if (requested.isMissingNode() || requested.isNull()) {
            return OPENING.keySet();
        }
        if (!requested.isArray() || requested.isEmpty()) {
            throw new Rejection(DemoErrors.UNKNOWN_SYMBOL, "'symbols' must be a non-empty list of "
                    + String.join(", ", OPENING.keySet()));
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (JsonNode symbol : requested) {
            if (!symbol.isTextual() || !OPENING.containsKey(symbol.asText())) {
                throw new Rejection(DemoErrors.UNKNOWN_SYMBOL, "unknown symbol " + symbol + "; this ticker has "
                        + String.join(", ", OPENING.keySet()));
            }
            wanted.add(symbol.asText());
        }
        Set<String> ordered = new LinkedHashSet<>(OPENING.keySet());
        ordered.retainAll(wanted);
        return ordered;
    }

    /** One tick: every symbol moves by up to half a percent. */
    private List<JsonNode> tick() {
        List<JsonNode> out = new ArrayList<>(prices.size());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        prices.replaceAll((symbol, price) -> price * (1 + random.nextDouble(-0.005, 0.005)));
        prices.forEach((symbol, price) -> {
            ObjectNode update = Json.object();
            update.put("symbol", symbol);
            update.put("price", BigDecimal.valueOf(price).setScale(2, RoundingMode.HALF_UP));
            update.put("seq", ++seq);
            out.add(update);
        });
        return out;
    }

    private static Map<String, Double> openingPrices() {
        Map<String, Double> opening = new LinkedHashMap<>();
        opening.put("ACME", 123.45);
        opening.put("GLOBEX", 87.10);
        opening.put("INITECH", 42.00);
        opening.put("UMBRELLA", 310.75);
        opening.put("HOOLI", 1999.99);
        return Collections.unmodifiableMap(opening);
    }
}
