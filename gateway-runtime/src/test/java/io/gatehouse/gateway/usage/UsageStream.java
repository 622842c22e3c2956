package io.gatehouse.gateway.usage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the usage stream the way billing would, with {@code XRANGE}, for assertions. */
final class UsageStream {

    /** One stream entry: its id and fields. */
    record Entry(String id, Map<String, String> fields) {
        int n() {
            return Integer.parseInt(fields.get("n"));
        }

        List<JsonObject> events() {
            List<JsonObject> events = new ArrayList<>();
            new JsonArray(fields.get("events")).forEach(e -> events.add((JsonObject) e));
            return events;
        }
    }

    private UsageStream() {
    }

    static List<Entry> entries(Redis redis, String key) {
        Response range = redis.send(Request.cmd(Command.XRANGE).arg(key).arg("-").arg("+"))
                .toCompletionStage().toCompletableFuture().join();
        List<Entry> entries = new ArrayList<>();
        for (Response entry : range) {
            Map<String, String> fields = new HashMap<>();
            Response pairs = entry.get(1);
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                fields.put(pairs.get(i).toString(), pairs.get(i + 1).toString());
            }
            entries.add(new Entry(entry.get(0).toString(), fields));
        }
        return entries;
    }

    static List<JsonObject> events(Redis redis, String key) {
        List<JsonObject> events = new ArrayList<>();
        entries(redis, key).forEach(e -> events.addAll(e.events()));
        return events;
    }

    static void delete(Redis redis, String key) {
        redis.send(Request.cmd(Command.DEL).arg(key)).toCompletionStage().toCompletableFuture().join();
    }
}
