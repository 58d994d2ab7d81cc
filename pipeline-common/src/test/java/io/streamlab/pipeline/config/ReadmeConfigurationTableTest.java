package io.streamlab.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table says what each key defaults to; the bundled defaults
 * ({@code conf/pipeline.properties}) are what the programs use. A default changed in one place and not the
 * other fails here, and so does a key the table names that no program knows.
 */
class ReadmeConfigurationTableTest {
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    @Test
    void everyDefaultTheTableStatesIsTheBundledOne() throws IOException {
        RawConfig defaults = RawConfig.defaults();
        List<String> rows = configurationTable();
        assertThat(rows).as("the rows of README § Configuration").hasSizeGreaterThan(20);

        int compared = 0;
        for (String row : rows) {
            String[] cells = row.split("\\|");
            List<String> keys = codes(cells[1]);
            assertThat(keys).as("the keys of a row: %s", row).isNotEmpty();
            keys.stream()
                    .filter(key -> !key.contains("*") && !key.contains("<"))
                    .forEach(key -> assertThat(defaults.isKnown(key))
                            .as("%s, named by the README", key)
                            .isTrue());
            if (keys.stream().anyMatch(k -> k.contains("*") || k.contains("<"))) {
                continue; // with a family of keys (limits.*, team.<name>.topic), the defaults are said in words
            }
            List<String> stated = new ArrayList<>();
            for (String part : cells[2].trim().split(", ")) {
                List<String> code = codes(part);
                // "(empty: …)", "contract names", "…": said in words, not a value to compare
                stated.add(code.size() == 1 && !part.startsWith("(") ? code.get(0) : null);
            }
            if (stated.stream().allMatch(java.util.Objects::isNull)) {
                continue; // "contract names", "the three teams": said in words
            }
            if (stated.size() == keys.size()) {
                for (int i = 0; i < keys.size(); i++) {
                    if (stated.get(i) != null) {
                        assertThat(defaults.get(keys.get(i))).as(keys.get(i)).isEqualTo(stated.get(i));
                        compared++;
                    }
                }
            } else if (stated.size() == 1 && stated.get(0) != null) {
                // one value for several keys: the first has it, the others have it too or none
                assertThat(defaults.get(keys.get(0))).as(keys.get(0)).isEqualTo(stated.get(0));
                compared++;
                for (String other : keys.subList(1, keys.size())) {
                    assertThat(defaults.get(other)).as(other).isIn(stated.get(0), "");
                    compared++;
                }
            } else {
                throw new AssertionError(
                        "a row of README § Configuration whose defaults do not match its keys: " + row);
            }
        }
        assertThat(compared).as("defaults compared").isGreaterThan(30);
    }

    private static List<String> configurationTable() throws IOException {
        List<String> lines = Files.readAllLines(readme(), StandardCharsets.UTF_8);
        int start = lines.indexOf("## Configuration");
        assertThat(start).as("README § Configuration").isNotNegative();
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("| key | default |")) {
                inTable = true;
            } else if (inTable && line.startsWith("|") && !line.startsWith("|---")) {
                rows.add(line);
            } else if (inTable && !line.startsWith("|")) {
                break;
            }
        }
        return rows;
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("conf"))) {
                return dir.resolve("README.md");
            }
        }
        throw new AssertionError(
                "no README.md beside conf/ above " + Path.of("").toAbsolutePath());
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }
}
