package io.sluice.bench.generator.direct;

import com.google.protobuf.ByteString;

/** What a direct gRPC stream reports, whichever contract it speaks. Called on the stream's transport thread. */
interface StreamSink {

    void accepted();

    void refused(String why);

    void publication(ByteString data);

    void failed(Throwable cause);

    /** The backend ended the stream cleanly. */
    void ended();
}
