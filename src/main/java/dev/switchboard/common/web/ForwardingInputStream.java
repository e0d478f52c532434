package dev.switchboard.common.web;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * A request body that a filter watches as it is read: everything but reading goes to the
 * container's stream; subclasses decide what a read does.
 */
abstract class ForwardingInputStream extends ServletInputStream {

	protected final ServletInputStream delegate;

	ForwardingInputStream(ServletInputStream delegate) {
		this.delegate = delegate;
	}

	@Override
	public int available() throws IOException {
		return this.delegate.available();
	}

	@Override
	public boolean isFinished() {
		return this.delegate.isFinished();
	}

	@Override
	public boolean isReady() {
		return this.delegate.isReady();
	}

	@Override
	public void setReadListener(ReadListener listener) {
		this.delegate.setReadListener(listener);
	}

}
