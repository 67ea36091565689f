package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import net.sf.json.JSONObject;

/** Stub of Stapler's {@code StaplerRequest2} (the jakarta.servlet request of Jenkins 2.475+). */
public interface StaplerRequest2 extends HttpServletRequest {
    String getRestOfPath();

    <T> T findAncestorObject(Class<T> type);

    <T> T bindJSON(Class<T> type, JSONObject src);

    void bindJSON(Object bean, JSONObject src);

    <T> List<T> bindJSONToList(Class<T> type, Object src);

    JSONObject getSubmittedForm() throws jakarta.servlet.ServletException;
}
