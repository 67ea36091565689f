package net.sf.json;

import java.io.Serializable;

/** Stub of json-lib's {@code net.sf.json.JSON} (members not used here). */
public interface JSON extends Serializable {
}
