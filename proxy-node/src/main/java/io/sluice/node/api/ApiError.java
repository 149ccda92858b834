package io.sluice.node.api;

/** A server-API error answered in the body as {@code {"error":{"code","message"}}}. */
final class ApiError extends RuntimeException {

    static final int INTERNAL = 100;
    static final int UNKNOWN_CHANNEL = 102;
    static final int NOT_FOUND = 104;
    static final int BAD_REQUEST = 107;
    static final int NOT_AVAILABLE = 108;

    final int code;

    ApiError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static ApiError badRequest(String detail) {
        return new ApiError(BAD_REQUEST, "bad request: " + detail);
    }
}
