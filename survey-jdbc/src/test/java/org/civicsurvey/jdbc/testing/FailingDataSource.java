package org.civicsurvey.jdbc.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a data source so that, once armed, the N-th statement execution (execute, executeUpdate,
 * executeQuery, executeBatch and their large variants) on any of its connections throws an
 * {@link SQLException} with SQLState 08006 (connection failure) instead of running. Unwrapping a
 * connection to the driver's own interface counts as an execution too: the store does that for
 * each PostgreSQL {@code COPY}, so a failure can be injected at a copy as well. Used to prove what
 * a batch commits when the connection fails half-way.
 */
public final class FailingDataSource implements DataSource {

    private final DataSource delegate;
    private final AtomicInteger remaining = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger executions = new AtomicInteger();

    public FailingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** Lets {@code okExecutions} more executions through, then fails every later one. */
    public void failAfter(int okExecutions) {
        remaining.set(okExecutions);
    }

    public void disarm() {
        remaining.set(Integer.MAX_VALUE);
    }

    public int executions() {
        return executions.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("unwrap")) {
                count(method);
            }
            Object result = invoke(connection, method, args);
            if (result instanceof CallableStatement) {
                return statementProxy(CallableStatement.class, result);
            }
            if (result instanceof PreparedStatement) {
                return statementProxy(PreparedStatement.class, result);
            }
            if (result instanceof Statement) {
                return statementProxy(Statement.class, result);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private Object statementProxy(Class<?> type, Object statement) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                count(method);
            }
            return invoke(statement, method, args);
        };
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler);
    }

    private void count(Method method) throws SQLException {
        executions.incrementAndGet();
        if (remaining.getAndDecrement() <= 0) {
            throw new SQLException("injected connection failure in " + method.getName(), "08006");
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
