package dev.switchboard.webhook;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery path's own few connections to the application's database. On the
 * application's pool, every claim and every recorded outcome queued behind the API's
 * requests for a connection, and under load deliveries nearly stopped (a thread dump
 * showed the senders among hundreds of threads waiting for the pool); apart, they wait
 * only for each other, and they never take a connection from a request.
 * <p>
 * The pool copies the application's Hikari settings (URL, credentials, timeouts) with its
 * own size; any other kind of data source is shared as it is.
 */
final class DeliveryConnections implements AutoCloseable {

	private final HikariDataSource pool;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	DeliveryConnections(DataSource application, int size) {
		this.pool = (application instanceof HikariDataSource hikari) ? pool(hikari, size) : null;
		DataSource source = (this.pool != null) ? this.pool : application;
		this.jdbc = JdbcClient.create(new JdbcTemplate(source));
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(source));
	}

	private static HikariDataSource pool(HikariDataSource application, int size) {
		HikariConfig config = new HikariConfig();
		application.copyStateTo(config);
		config.setPoolName("webhook-deliveries");
		config.setMaximumPoolSize(size);
		// one kept open; the others are opened when deliveries need them
		config.setMinimumIdle(1);
		// every statement of the delivery path is designed for an index. Statistics
		// taken while the table was nearly empty (a fresh install, or before a backlog)
		// made the cached generic plans scan the whole table for each recorded group of a
		// backlog until the next analyze; without sequential scans the generic plans stay
		// the designed ones. Custom plans instead cost a planning per statement: 37-58 %
		// of the claims' and outcomes' time in PostgreSQL
		String custom = "set enable_seqscan = off";
		String init = application.getConnectionInitSql();
		config.setConnectionInitSql((init != null) ? init + ";\n" + custom : custom);
		return new HikariDataSource(config);
	}

	JdbcClient jdbc() {
		return this.jdbc;
	}

	/**
	 * Transactions on these connections (statements of the application's pool do not take
	 * part in them).
	 */
	TransactionTemplate transaction() {
		return this.transaction;
	}

	@Override
	public void close() {
		if (this.pool != null) {
			this.pool.close();
		}
	}

}
