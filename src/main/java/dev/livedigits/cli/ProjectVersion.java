package dev.livedigits.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code --version}: the project version Maven wrote into a filtered resource at build time. A resource rather
 * than the jar manifest, so that it answers the same under {@code mvn test} (classes, no jar) as from the jar.
 */
public final class ProjectVersion implements IVersionProvider {
    static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = ProjectVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) p.load(in);
        }
        return new String[] {"live-digits " + p.getProperty("version", "(version unknown: built without Maven's resources)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
