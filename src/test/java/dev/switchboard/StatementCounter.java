package dev.switchboard;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts the SQL statements the test thread prepares, JPA and JDBC alike, by wrapping the
 * data source.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounter {

	private static final ThreadLocal<AtomicInteger> count = ThreadLocal.withInitial(AtomicInteger::new);

	public static void reset() {
		count.get().set(0);
	}

	public static int count() {
		return count.get().get();
	}

	@Bean
	static BeanPostProcessor countingDataSource() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				return (bean instanceof DataSource dataSource) ? proxy(DataSource.class, dataSource) : bean;
			}
		};
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, T target) {
		return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] { type },
				(self, method, args) -> {
					String name = method.getName();
					if (name.equals("prepareStatement") || name.equals("createStatement")
							|| name.equals("prepareCall")) {
						count.get().incrementAndGet();
					}
					try {
						Object result = method.invoke(target, args);
						return (result instanceof Connection connection) ? proxy(Connection.class, connection) : result;
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
