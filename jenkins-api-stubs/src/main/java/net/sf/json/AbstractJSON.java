package net.sf.json;

/** Stub of json-lib's {@code net.sf.json.AbstractJSON} (members not used here). */
public abstract class AbstractJSON {
}
