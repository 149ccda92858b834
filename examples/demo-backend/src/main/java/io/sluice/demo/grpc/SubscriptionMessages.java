package io.sluice.demo.grpc;

import com.google.protobuf.ByteString;

/**
 * The three messages a subscription stream sends, built for one contract's generated types
 * ({@code ChannelResponse} in CentrifugoProxyStream, {@code StreamSubscribeResponse} in CentrifugoProxy).
 */
interface SubscriptionMessages<T> {

    /** First message, success: {@code subscribe_response.result.data}. */
    T accepted(ByteString data);

    /** First message, failure: {@code subscribe_response.error}. */
    T rejected(int code, String message);

    /** Any later message: {@code publication.data}. */
    T publication(ByteString data);
}
