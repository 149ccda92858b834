package io.sluice.bench.backend;

import com.google.protobuf.ByteString;

/** The backend's outbound messages in one contract's types; the two contracts differ only there. */
interface ContractMessages<T> {

    /** The first message: the subscription is accepted. */
    T accepted();

    T publication(ByteString data);
}
