package io.sluice.node.transport;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.sluice.node.api.ApiAuth;
import io.sluice.node.config.NodeConfig;

/**
 * The decisions taken on a request head alone, in the order a client should learn about them:
 * malformed head, route, method, origin, credentials, body size. Pure; the connection caps, which
 * count, are {@link ConnectionGate}'s.
 */
final class FrontDoorRules {
    private FrontDoorRules() {
    }

    static Verdict decide(Route route, HttpRequest head, NodeConfig config) {
        if (head.decoderResult().isFailure()) {
            return head.decoderResult().cause() instanceof TooLongFrameException
                    ? Verdict.refuse(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "bad_request")
                    : Verdict.refuse(HttpResponseStatus.BAD_REQUEST, "bad_request");
        }
        if (route == Route.NOT_FOUND) {
            return Verdict.refuse(HttpResponseStatus.NOT_FOUND, "not_found");
        }
        if (route.forBrowsers && !OriginPolicy.allows(config.frontDoor().allowedOrigins(),
                head.headers().get(HttpHeaderNames.ORIGIN), head.headers().get(HttpHeaderNames.HOST))) {
            return Verdict.refuse(HttpResponseStatus.FORBIDDEN, "origin");
        }
        if (route.cors() && head.method().equals(HttpMethod.OPTIONS)) {
            return Verdict.PREFLIGHT;
        }
        if (!route.allows(head.method())) {
            return Verdict.refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, "method");
        }
        if (route == Route.API && !ApiAuth.authorized(config.apiKey(), config.apiInsecure(), head.headers(),
                new QueryStringDecoder(head.uri()).parameters())) {
            return Verdict.refuse(HttpResponseStatus.UNAUTHORIZED, "unauthorized");
        }
        return bodyVerdict(route, head, route.maxBody(config));
    }

    /**
     * A route without a body refuses any; the API counts a chunked body against its limit as it
     * arrives (the aggregator does); the client routes want a length up front, as browsers send one.
     */
    private static Verdict bodyVerdict(Route route, HttpRequest head, int maxBody) {
        if (HttpUtil.isTransferEncodingChunked(head)) {
            if (maxBody == 0) {
                return Verdict.refuse(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large");
            }
            return route == Route.API ? Verdict.PASS : Verdict.refuse(HttpResponseStatus.LENGTH_REQUIRED, "bad_request");
        }
        if (HttpUtil.getContentLength(head, 0L) > maxBody) {
            return Verdict.refuse(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large");
        }
        return Verdict.PASS;
    }
}
