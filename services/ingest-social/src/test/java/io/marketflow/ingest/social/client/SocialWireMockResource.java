package io.marketflow.ingest.social.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock on a dynamic port standing in for Bluesky and X in live mode: URL overrides, test credentials the log scan
 * looks for, a short keyword list, no pacing, short backoffs and manual polling; injects the server into
 * {@link InjectWireMock} fields. {@link #stubDefaults} are the answers of a quiet provider.
 */
public class SocialWireMockResource implements QuarkusTestResourceLifecycleManager {

    /** The Bluesky handle tests use. */
    public static final String HANDLE = "marketbot.bsky.social";
    /** The app password tests use; it must never appear in a log. */
    public static final String PASSWORD = "pw-test-7f3c-91ab-55de";
    /** The X bearer token tests use; it must never appear in a log. */
    public static final String X_TOKEN = "x-test-bearer-AAAA0c4e9d12";
    /** Bluesky XRPC paths. */
    public static final String CREATE = "/xrpc/com.atproto.server.createSession";
    public static final String REFRESH = "/xrpc/com.atproto.server.refreshSession";
    public static final String SEARCH = "/xrpc/app.bsky.feed.searchPosts";
    /** X recent search path. */
    public static final String X_SEARCH = "/2/tweets/search/recent";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        stubDefaults(server);
        Map<String, String> config = new HashMap<>();
        config.put("marketflow.social.schedule", "false");
        config.put("marketflow.social.general-keywords", "stocks,inflation");
        config.put("marketflow.social.bluesky.mode", "live");
        config.put("marketflow.social.bluesky.url", server.baseUrl());
        config.put("marketflow.social.bluesky.handle", HANDLE);
        config.put("marketflow.social.bluesky.app-password", PASSWORD);
        config.put("marketflow.social.bluesky.keyword-delay", "0s");
        config.put("marketflow.social.bluesky.requests-per-minute", "60000");
        config.put("marketflow.social.x.url", server.baseUrl());
        config.put("marketflow.social.x.bearer-token", X_TOKEN);
        for (String p : new String[] {"bluesky", "x"}) {
            config.put("marketflow.social." + p + ".retry.initial-backoff", "10ms");
            config.put("marketflow.social." + p + ".retry.max-backoff", "200ms");
            config.put("marketflow.social." + p + ".retry.max-attempts", "5");
        }
        return config;
    }

    /**
     * A quiet provider: sessions from the long-lived fixture, no posts for any search.
     *
     * @param server the server
     */
    public static void stubDefaults(WireMockServer server) {
        server.stubFor(get(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"posts\":[]}")));
        server.stubFor(get(urlPathEqualTo(X_SEARCH)).atPriority(90).willReturn(okJson("{\"meta\":{\"result_count\":0}}")));
        server.stubFor(post(urlPathEqualTo(CREATE)).atPriority(90)
                .willReturn(okJson(Fixtures.read("bluesky_com_atproto_server_createSession_long_lived.json"))));
        server.stubFor(post(urlPathEqualTo(REFRESH)).atPriority(90)
                .willReturn(okJson(Fixtures.read("bluesky_com_atproto_server_createSession_long_lived.json"))));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
