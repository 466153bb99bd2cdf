package nimbus.bench.plain;

import java.util.Map;

/** A baseline handler: no framework, clients built in the constructor (Lambda's init phase). */
public interface PlainHandler {
    record Response(int status, String body) {}

    Response handle(Map<String, String> input);
}
