package io.sluice.node.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * CORS for the fallback endpoints. Only requests the origin policy admitted get here, so a page's
 * Origin is echoed back with credentials allowed: {@code *} could not carry the page's cookies.
 */
final class Cors {
    private Cors() {
    }

    /** Adds the headers that let the requesting page read {@code response}; none without an Origin. */
    static void allow(HttpRequest request, HttpHeaders response) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                    .add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }

    /** The answer to a preflight: the methods, the asked-for headers, five minutes of caching. */
    static void preflight(HttpRequest request, HttpHeaders response) {
        allow(request, response);
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
                .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "300");
        String asked = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (asked != null) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked);
        }
    }
}
