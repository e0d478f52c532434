package dev.switchboard.common.web;

/**
 * The empty JSON object {@code {}} that several endpoints answer with.
 */
public record Empty() {

	public static final Empty INSTANCE = new Empty();

}
