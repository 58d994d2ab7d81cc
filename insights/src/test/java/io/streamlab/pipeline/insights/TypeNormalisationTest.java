package io.streamlab.pipeline.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The insights count tickets by type with the routing's normalisation written in SQL: both must give
 * the same key for any type, or tickets_by_type and stats_by_type disagree.
 */
class TypeNormalisationTest {
    @Test
    void theSqlOfTheInsightsNormalisesATypeAsTheRoutingDoes() throws Exception {
        List<String> types = List.of(
                "incident",
                "  INCIDENT ",
                "Feature Request",
                "feature-request",
                "feature__-request",
                "_incident-",
                "Feature\u00a0Request",
                "\u3000incident\u202f",
                "a\u200bb",
                "x\ty\nz",
                "\u0085billing\u007f",
                "Écran  noir",
                "\ufeffquestion",
                "e\u00admail",
                "\u200bFeature\u200b Request");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement sql =
                        db.prepareStatement("SELECT " + Queries.NORMALISED_TYPE + " FROM (SELECT ? AS type)")) {
            for (String type : types) {
                sql.setString(1, type);
                try (ResultSet r = sql.executeQuery()) {
                    r.next();
                    assertThat(r.getString(1))
                            .as("type %s", type)
                            .isEqualTo(PipelineConfig.Routing.normaliseType(type));
                }
            }
        }
    }
}
