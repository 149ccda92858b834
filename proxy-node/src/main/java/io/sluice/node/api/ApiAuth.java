package io.sluice.node.api;

import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/** Server API authorisation: {@code X-API-Key}, {@code Authorization: apikey K} or {@code ?api_key=K}. */
public final class ApiAuth {

    private ApiAuth() {
    }

    public static boolean authorized(String configuredKey, boolean insecure, HttpHeaders headers,
                                     Map<String, List<String>> query) {
        if (insecure) {
            return true;
        }
        if (configuredKey == null || configuredKey.isEmpty()) {
            return false; // No key configured: the API stays closed rather than open to anyone.
        }
        String presented = presentedKey(headers, query);
        return presented != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), configuredKey.getBytes(StandardCharsets.UTF_8));
    }

    private static String presentedKey(HttpHeaders headers, Map<String, List<String>> query) {
        String header = headers.get("X-API-Key");
        if (header != null) {
            return header;
        }
        String authorization = headers.get("Authorization");
        if (authorization != null) {
            String[] parts = authorization.trim().split("\\s+", 2);
            if (parts.length == 2 && parts[0].equalsIgnoreCase("apikey")) {
                return parts[1];
            }
        }
        List<String> param = query.get("api_key");
        return param == null || param.isEmpty() ? null : param.get(0);
    }
}
