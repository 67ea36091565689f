package net.sf.json;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Stub of json-lib's {@code net.sf.json.JSONObject} (final; raw Map and Comparable as in json-lib 2.4). */
@SuppressWarnings("rawtypes")
public final class JSONObject extends AbstractJSON implements JSON, Map, Comparable {
    private static final long serialVersionUID = 1L;

    public JSONObject() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static JSONObject fromObject(Object object) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean has(String key) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getString(String key) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String optString(String key) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String optString(String key, String defaultValue) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean getBoolean(String key) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean optBoolean(String key) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public int getInt(String key) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public JSONObject getJSONObject(String key) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public JSONObject optJSONObject(String key) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public JSONObject element(String key, Object value) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public int compareTo(Object obj) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public boolean isEmpty() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public boolean containsKey(Object key) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public boolean containsValue(Object value) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public Object get(Object key) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public Object put(Object key, Object value) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public Object remove(Object key) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public void putAll(Map map) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public Set keySet() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public Collection values() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public Set entrySet() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
