package io.sluice.node.protocol;

import com.google.protobuf.ByteString;
import io.sluice.proto.client.ClientInfo;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.Connect;
import io.sluice.proto.client.ConnectRequest;
import io.sluice.proto.client.ConnectResult;
import io.sluice.proto.client.Disconnect;
import io.sluice.proto.client.Error;
import io.sluice.proto.client.HistoryRequest;
import io.sluice.proto.client.HistoryResult;
import io.sluice.proto.client.Join;
import io.sluice.proto.client.Leave;
import io.sluice.proto.client.Message;
import io.sluice.proto.client.PingRequest;
import io.sluice.proto.client.PingResult;
import io.sluice.proto.client.PresenceRequest;
import io.sluice.proto.client.PresenceResult;
import io.sluice.proto.client.PresenceStatsRequest;
import io.sluice.proto.client.PresenceStatsResult;
import io.sluice.proto.client.Publication;
import io.sluice.proto.client.PublishRequest;
import io.sluice.proto.client.PublishResult;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.RPCRequest;
import io.sluice.proto.client.RPCResult;
import io.sluice.proto.client.Refresh;
import io.sluice.proto.client.RefreshRequest;
import io.sluice.proto.client.RefreshResult;
import io.sluice.proto.client.Reply;
import io.sluice.proto.client.SendRequest;
import io.sluice.proto.client.StreamPosition;
import io.sluice.proto.client.SubRefreshRequest;
import io.sluice.proto.client.SubRefreshResult;
import io.sluice.proto.client.Subscribe;
import io.sluice.proto.client.SubscribeRequest;
import io.sluice.proto.client.SubscribeResult;
import io.sluice.proto.client.Unsubscribe;
import io.sluice.proto.client.UnsubscribeRequest;
import io.sluice.proto.client.UnsubscribeResult;

import java.util.List;

/** One message of every kind the protocol has, with JSON payloads so both codecs can carry them. */
final class Samples {
    static final String CHANNEL = "streams:abc";

    private Samples() {
    }

    static ByteString json(String json) {
        return ByteString.copyFromUtf8(json);
    }

    static ClientInfo info(String user, String client) {
        return ClientInfo.newBuilder().setUser(user).setClient(client)
                .setConnInfo(json("{\"name\":\"Ann\"}")).setChanInfo(json("[1,2]")).build();
    }

    static Publication publication(long offset) {
        return Publication.newBuilder().setData(json("{\"a\":1}")).setInfo(info("u1", "c1"))
                .setOffset(offset).putTags("k", "v").putTags("kind", "x").build();
    }

    static Reply push(Push.Builder push) {
        return Reply.newBuilder().setPush(push.setChannel(CHANNEL)).build();
    }

    /** Every command kind, plus the pong (an empty command). */
    static List<Command> commands() {
        return List.of(
                Command.newBuilder().setId(1).setConnect(ConnectRequest.newBuilder()
                        .setToken("jwt").setData(json("{\"hello\":\"world\"}")).setName("js").setVersion("5.0.0")
                        .putSubs("news", SubscribeRequest.newBuilder().setRecover(true).setOffset(5).setEpoch("e").build())
                        .putHeaders("Authorization", "Bearer x")).build(),
                Command.newBuilder().setId(2).setSubscribe(SubscribeRequest.newBuilder()
                        .setChannel(CHANNEL).setToken("sub-jwt").setRecover(true).setEpoch("ep")
                        .setOffset(1L << 40).setData(json("{\"q\":\"x\"}")).setPositioned(true).setRecoverable(true)
                        .setJoinLeave(true).setDelta("fossil")).build(),
                Command.newBuilder().setId(3).setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel(CHANNEL)).build(),
                Command.newBuilder().setId(4).setPublish(PublishRequest.newBuilder()
                        .setChannel(CHANNEL).setData(json("[1,\"two\",{\"three\":3.5}]"))).build(),
                Command.newBuilder().setId(5).setPresence(PresenceRequest.newBuilder().setChannel(CHANNEL)).build(),
                Command.newBuilder().setId(6).setPresenceStats(PresenceStatsRequest.newBuilder().setChannel(CHANNEL)).build(),
                Command.newBuilder().setId(7).setHistory(HistoryRequest.newBuilder().setChannel(CHANNEL).setLimit(10)
                        .setSince(StreamPosition.newBuilder().setOffset(3).setEpoch("ep")).setReverse(true)).build(),
                Command.newBuilder().setId(8).setPing(PingRequest.getDefaultInstance()).build(),
                Command.newBuilder().setSend(SendRequest.newBuilder().setData(json("\"fire and forget\""))).build(),
                Command.newBuilder().setId(9).setRpc(RPCRequest.newBuilder().setMethod("sum").setData(json("{\"x\":true}")))
                        .build(),
                Command.newBuilder().setId(10).setRefresh(RefreshRequest.newBuilder().setToken("new-jwt")).build(),
                Command.newBuilder().setId(11).setSubRefresh(SubRefreshRequest.newBuilder()
                        .setChannel(CHANNEL).setToken("new-sub-jwt")).build(),
                Command.getDefaultInstance());
    }

    /** Every result kind, an error, every push kind, and the server ping (an empty reply). */
    static List<Reply> replies() {
        SubscribeResult subscribed = SubscribeResult.newBuilder().setExpires(true).setTtl(60).setRecoverable(true)
                .setEpoch("ep").addPublications(publication(4)).addPublications(publication(5)).setRecovered(true)
                .setOffset(5).setPositioned(true).setData(json("{\"welcome\":1}")).setWasRecovering(true).build();
        return List.of(
                Reply.newBuilder().setId(1).setError(Error.newBuilder()
                        .setCode(100).setMessage("internal server error").setTemporary(true)).build(),
                Reply.newBuilder().setId(1).setConnect(ConnectResult.newBuilder().setClient("c1").setVersion("0.1.0")
                        .setExpires(true).setTtl(3600).setData(json("{\"greeting\":\"hi\"}"))
                        .putSubs("news", subscribed).setPing(25).setPong(true)).build(),
                Reply.newBuilder().setId(2).setSubscribe(subscribed).build(),
                Reply.newBuilder().setId(3).setUnsubscribe(UnsubscribeResult.getDefaultInstance()).build(),
                Reply.newBuilder().setId(4).setPublish(PublishResult.getDefaultInstance()).build(),
                Reply.newBuilder().setId(5).setPresence(PresenceResult.newBuilder()
                        .putPresence("c1", info("u1", "c1")).putPresence("c2", info("", "c2"))).build(),
                Reply.newBuilder().setId(6).setPresenceStats(PresenceStatsResult.newBuilder()
                        .setNumClients(2).setNumUsers(1)).build(),
                Reply.newBuilder().setId(7).setHistory(HistoryResult.newBuilder()
                        .addPublications(publication(1)).setEpoch("ep").setOffset(1)).build(),
                Reply.newBuilder().setId(8).setPing(PingResult.getDefaultInstance()).build(),
                Reply.newBuilder().setId(9).setRpc(RPCResult.newBuilder().setData(json("42"))).build(),
                Reply.newBuilder().setId(10).setRefresh(RefreshResult.newBuilder()
                        .setClient("c1").setVersion("0.1.0").setExpires(true).setTtl(600)).build(),
                Reply.newBuilder().setId(11).setSubRefresh(SubRefreshResult.newBuilder().setExpires(true).setTtl(60))
                        .build(),
                push(Push.newBuilder().setPub(publication(Long.MAX_VALUE))),
                push(Push.newBuilder().setJoin(Join.newBuilder().setInfo(info("u2", "c2")))),
                push(Push.newBuilder().setLeave(Leave.newBuilder().setInfo(info("u2", "c2")))),
                push(Push.newBuilder().setUnsubscribe(Unsubscribe.newBuilder()
                        .setCode(2500).setReason("insufficient state"))),
                push(Push.newBuilder().setMessage(Message.newBuilder().setData(json("{\"note\":\"hi\"}")))),
                push(Push.newBuilder().setDisconnect(Disconnect.newBuilder()
                        .setCode(3001).setReason("shutdown").setReconnect(true))),
                push(Push.newBuilder().setSubscribe(Subscribe.newBuilder().setRecoverable(true).setEpoch("ep")
                        .setOffset(9).setPositioned(true).setData(json("{}")))),
                push(Push.newBuilder().setConnect(Connect.newBuilder().setClient("c1").setVersion("0.1.0")
                        .setData(json("\"payload\"")).putSubs("news", subscribed).setExpires(true).setTtl(60).setPing(25)
                        .setPong(true).setSession("s").setNode("n"))),
                push(Push.newBuilder().setRefresh(Refresh.newBuilder().setExpires(true).setTtl(60))),
                Reply.getDefaultInstance());
    }
}
