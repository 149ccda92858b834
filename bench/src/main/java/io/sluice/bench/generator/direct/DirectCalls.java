package io.sluice.bench.generator.direct;

import com.google.protobuf.ByteString;
import io.grpc.Channel;

/** Opens subscription streams on the benchmark backend in one contract's types. */
interface DirectCalls {

    DirectCall subscribe(Channel channel, String client, String streamChannel, ByteString data, StreamSink sink);

    DirectCall subscribeBidirectional(Channel channel, String client, String streamChannel, ByteString data,
                                      StreamSink sink);
}
