package io.sluice.bench.common;

import io.grpc.MethodDescriptor;
import io.sluice.proto.StreamMethods;
import io.sluice.proto.proxy.StreamSubscribeRequest;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeRequest;

/** The two backend contracts' subscription-stream methods, the same the node calls. */
public enum Contract {
    /** The seed contract. */
    SEED(StreamMethods.SEED_SUBSCRIBE_UNI, StreamMethods.SEED_SUBSCRIBE_BIDI),
    /** The contract Centrifugo ships since v5.1. */
    V5(StreamMethods.V5_SUBSCRIBE_UNI, StreamMethods.V5_SUBSCRIBE_BIDI);

    private final MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> unidirectional;
    private final MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> bidirectional;

    Contract(MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> unidirectional,
             MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> bidirectional) {
        this.unidirectional = unidirectional;
        this.bidirectional = bidirectional;
    }

    public String service() {
        return unidirectional.getServiceName();
    }

    public MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> subscribeUnidirectional() {
        return unidirectional;
    }

    public MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> subscribeBidirectional() {
        return bidirectional;
    }
}
