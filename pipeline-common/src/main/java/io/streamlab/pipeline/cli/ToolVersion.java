package io.streamlab.pipeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What {@code --version} prints: the tool, the project's version (from the build) and the Java runtime. */
public final class ToolVersion implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    private final String tool;

    ToolVersion(String tool) {
        this.tool = tool;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            tool + " " + projectVersion(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    /** The project's version (0.1.0-SNAPSHOT), from the build; "(unknown version)" without one. */
    public static String projectVersion() {
        try (InputStream in = ToolVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
