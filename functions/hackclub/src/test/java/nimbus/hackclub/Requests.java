package nimbus.hackclub;

import static nimbus.hackclub.Calls.call;

import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.Map;
import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FileRecord;
import nimbus.shared.http.Json;

/** The Hack Club write operations as a caller sends them, each through a new handler in {@code context}. */
record Requests(ApplicationContext context, TestAccount caller) {
    Reply upload(MultipartBody body) {
        return call(
                new UploadHandler(context),
                Events.withBody(
                        Events.withKey(Events.load("hackclub/upload.json"), caller.key()),
                        body.contentType(),
                        body.bytes()));
    }

    Reply upload(String name, int size) {
        return upload(new MultipartBody().file("file", name, "application/octet-stream", new byte[size]));
    }

    Reply batchUpload(MultipartBody body) {
        return call(
                new BatchUploadHandler(context),
                Events.withBody(
                        Events.withKey(Events.load("hackclub/batch-upload.json"), caller.key()),
                        body.contentType(),
                        body.bytes()));
    }

    Reply rename(FileRecord file, String name) {
        return call(
                new RenameHandler(context),
                Events.withBody(
                        Events.withKey(
                                Events.withPathParameter(Events.load("hackclub/rename.json"), "id", file.id()),
                                caller.key()),
                        "application/json",
                        Json.write(Map.of("filename", name))));
    }

    Reply delete(FileRecord file) {
        return call(
                new DeleteUploadHandler(context),
                Events.withKey(
                        Events.withPathParameter(Events.load("hackclub/delete-upload.json"), "id", file.id()),
                        caller.key()));
    }

    Reply batchDelete(List<String> ids) {
        return call(
                new BatchDeleteHandler(context),
                Events.withBody(
                        Events.withKey(Events.load("hackclub/batch-delete.json"), caller.key()),
                        "application/json",
                        Json.write(Map.of("ids", ids))));
    }
}
