package io.sluice.bench.generator.direct;

import com.google.protobuf.ByteString;

/** The client's handle on one direct stream; only bidirectional ones can {@link #send}. */
interface DirectCall {

    boolean isReady();

    void send(ByteString data);

    void cancel();
}
