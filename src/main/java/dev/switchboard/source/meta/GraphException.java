package dev.switchboard.source.meta;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

import dev.switchboard.common.error.ApiException;
import dev.switchboard.common.error.BadRequestException;

/**
 * A failed Graph API call: unreachable, or an answer with Graph's {@code error} object.
 * Its message never holds a token or a URL.
 */
public class GraphException extends RuntimeException {

	private final int status;

	private final int code;

	private final int subcode;

	private final String type;

	private final String graphMessage;

	private final boolean transientError;

	private final JsonNode error;

	private final Duration retryAfter;

	GraphException(int status, int code, int subcode, String type, String graphMessage, boolean transientError,
			JsonNode error, Duration retryAfter) {
		super((status == 0) ? "Graph API unreachable"
				: "Graph API answered " + status + " (code " + code + ", subcode " + subcode + ")");
		this.status = status;
		this.code = code;
		this.subcode = subcode;
		this.type = type;
		this.graphMessage = graphMessage;
		this.transientError = transientError;
		this.error = error;
		this.retryAfter = retryAfter;
	}

	static GraphException unreachable() {
		return new GraphException(0, 0, 0, null, null, true, null, null);
	}

	/**
	 * A token that cannot travel in a header, refused before any call as Graph refuses an
	 * invalid token (code 190).
	 */
	static GraphException malformedToken() {
		return new GraphException(400, 190, 0, "OAuthException",
				"The token is not printable ASCII without spaces or line breaks", false, null, null);
	}

	/**
	 * The HTTP status, {@code 0} when there was no answer.
	 */
	public int status() {
		return this.status;
	}

	/** Graph's error code, {@code 0} when there was none. */
	public int code() {
		return this.code;
	}

	/** Graph's {@code error_subcode}, {@code 0} when there was none. */
	public int subcode() {
		return this.subcode;
	}

	/**
	 * Graph's readable message, with any token of the call blanked out; may be
	 * {@code null}.
	 */
	public String graphMessage() {
		return this.graphMessage;
	}

	/**
	 * Graph's error object (tokens blanked out), or {@code null}.
	 */
	public JsonNode error() {
		return this.error;
	}

	/** The wait the platform asked for, or {@code null}. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * No answer, or a 5xx: the platform's side failed.
	 */
	public boolean isUnavailable() {
		return this.status == 0 || this.status >= 500;
	}

	/**
	 * The token is invalid or expired (code 190, or 102 for a session).
	 */
	public boolean isInvalidToken() {
		return this.code == 190 || this.code == 102;
	}

	/**
	 * The error for a connect request: an {@code OAuthException} or invalid token is a
	 * 400 saying the token was rejected, an unreachable platform or its 5xx a 502, any
	 * other refusal a 400 with Graph's reason.
	 * @param platform the platform's name for the detail ({@code Facebook})
	 */
	public ApiException toConnectError(String platform) {
		if (isUnavailable()) {
			return new BadGatewayException(
					platform + " could not be reached or failed (" + describe() + "); try again later.");
		}
		if ("OAuthException".equals(this.type) || isInvalidToken()) {
			return new BadRequestException(platform + " rejected the token: " + describe());
		}
		return new BadRequestException(platform + " refused the request: " + describe());
	}

	/**
	 * Worth retrying: unavailable, rate limited, or flagged transient by Graph.
	 */
	public boolean isTransient() {
		return isUnavailable() || this.transientError || this.status == 429 || this.code == 4 || this.code == 613
				|| this.code == 80007 || this.code == 130429 || this.code == 131056 || this.code == 1200;
	}

	/**
	 * A readable reason: Graph's message with its code.
	 */
	public String describe() {
		if (this.status == 0) {
			return "the Graph API could not be reached";
		}
		return ((this.graphMessage != null) ? this.graphMessage : "HTTP " + this.status) + " (code " + this.code
				+ ((this.subcode != 0) ? ", subcode " + this.subcode : "") + ")";
	}

}
