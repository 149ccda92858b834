package io.sluice.node.api;

/** What goes back over HTTP for one API request. */
public record ApiResponse(int status, String contentType, String body) {

    static ApiResponse json(String body) {
        return new ApiResponse(200, "application/json", body);
    }

    static ApiResponse badRequest(String reason) {
        return new ApiResponse(400, "text/plain", reason);
    }
}
