// A client of the tongban-rules decision service in plain Java 17 (standard library only).
//
//   java examples/java/Decide.java BASE_URL [ITEM_ID] [FACTS_JSON] [REGION] [ON]
//   java examples/java/Decide.java http://127.0.0.1:8080
//
// Posts one decision request to BASE_URL/v1/items/ITEM_ID/decide and prints the outcome, the
// decision id and the digest of the rules it was decided under.  A refused request
// (application/problem+json) prints its status, TB code and detail, and exits with status 1.
// Defaults: the bundled item id-card-renewal-replacement, a lost card, accepted in 510104.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Decide {
    static String arg(String[] args, int i, String otherwise) {
        return args.length > i ? args[i] : otherwise;
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The value of a top-level string or number member; enough for the few members printed here. */
    static String member(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|-?\\d+)")
                .matcher(json);
        if (!m.find()) {
            return "";
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java Decide.java BASE_URL [ITEM_ID] [FACTS_JSON] [REGION] [ON]");
            System.exit(2);
        }
        String base = args[0].replaceAll("/+$", "");
        String item = arg(args, 1, "id-card-renewal-replacement");
        String facts = arg(args, 2, "{\"reason\": \"lost\", \"hukou_region\": \"500103\", \"residence_region\": \"510104\"}");
        String region = arg(args, 3, "510104");
        String on = arg(args, 4, "");
        String body = "{\"facts\": " + facts + ", \"region\": " + quote(region)
                + (on.isEmpty() ? "" : ", \"on\": " + quote(on)) + "}";

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/items/" + item + "/decide"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String json = response.body();
        String digest = response.headers().firstValue("X-Rules-Digest").orElse("");
        if (response.statusCode() != 200) {
            System.out.println("refused " + response.statusCode() + " " + member(json, "code") + ": " + member(json, "detail"));
            System.exit(1);
        }
        System.out.println("outcome: " + member(json, "outcome"));
        System.out.println("decision_id: " + member(json, "decision_id"));
        System.out.println("rules_digest: " + digest);
    }
}
