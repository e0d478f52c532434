package dev.switchboard.source.facebook;

import java.util.Map;

import dev.switchboard.source.meta.MetaIntegrationTests;

/**
 * Messenger and Instagram tests: a connected page (and Instagram account) on the fake
 * Graph API.
 */
abstract class MessengerTests extends MetaIntegrationTests {

	static final String PAGE_ID = "106209208891455";

	static final String ACCOUNT_ID = "17841405822304914";

	static final String PSID = "6543210987654321";

	static final String IGSID = "3521008457231569";

	static final String USER_TOKEN = "EAAB-short-lived-page-token-71c2";

	static final String PAGE_TOKEN = "EAAB-long-lived-page-token-9d44";

	void scriptPage() {
		graph.on("GET", "/oauth/access_token", 200,
				"{\"access_token\":\"" + PAGE_TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}");
		graph.on("GET", "/" + PAGE_ID, 200, "{\"id\":\"" + PAGE_ID
				+ "\",\"name\":\"Acme Shoes\",\"picture\":{\"data\":{\"url\":\"https://cdn.example.com/acme.png\"}}}");
		graph.on("POST", "/" + PAGE_ID + "/subscribed_apps", 200, "{\"success\":true}");
		graph.on("GET", "/" + PSID, 200,
				"{\"first_name\":\"Grace\",\"last_name\":\"Hopper\",\"profile_pic\":\"https://cdn.example.com/grace.jpg\"}");
		graph.on("GET", "/" + IGSID, 200,
				"{\"name\":\"Ada Lovelace\",\"profile_pic\":\"https://cdn.example.com/ada.jpg\"}");
	}

	String connectPage() {
		scriptPage();
		return channelId(this.api.post("/channels.facebook.connect", this.admin,
				Map.of("page_id", PAGE_ID, "page_token", USER_TOKEN)));
	}

	String connectInstagram() {
		scriptPage();
		return channelId(this.api.post("/channels.instagram.connect", this.admin,
				Map.of("page_id", PAGE_ID, "account_id", ACCOUNT_ID, "page_token", USER_TOKEN)));
	}

	String text(String mid) {
		return text(mid, PSID);
	}

	String text(String mid, String psid) {
		return fixture("messenger-text.json", "PAGE_ID", PAGE_ID, "PSID", psid, "MID", mid);
	}

}
