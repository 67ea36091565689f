package org.drjenkins.engine.restore;

import java.util.List;

/**
 * What a directory restore changes in the tree that was there: entries the backup adds, changes (content, type, mode or
 * link target) or removes, with the first few paths of each as {@code "+ path"}, {@code "~ path"}, {@code "- path"}.
 */
public record TreeChanges(int added, int changed, int removed, int unchanged, List<String> firstPaths) {

    public TreeChanges {
        firstPaths = List.copyOf(firstPaths);
    }

    public boolean none() {
        return added == 0 && changed == 0 && removed == 0;
    }

    /** "3 added, 1 changed, 2 removed, 40 unchanged". */
    public String summary() {
        return added + " added, " + changed + " changed, " + removed + " removed, " + unchanged + " unchanged";
    }
}
