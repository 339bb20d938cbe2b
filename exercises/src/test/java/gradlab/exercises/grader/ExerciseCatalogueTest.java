package gradlab.exercises.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The workbook's files: the catalogue the grader takes from submissions lists exactly the stubs, every stub has
 * its solution, each stub says TODO with its exercise number and no solution does, and every stub ships inside the
 * grader (a missing or broken file is replaced by it).
 */
class ExerciseCatalogueTest {

    static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).map(root::relativize).sorted().toList();
        }
    }

    static Stream<ExerciseFile> files() {
        return ExerciseFile.ALL.stream();
    }

    @Test
    @DisplayName("the catalogue lists exactly the files of src/workbook/java and of src/solutions/java")
    void catalogueMatchesFolders() throws IOException {
        List<String> catalogue = ExerciseFile.ALL.stream().map(ExerciseFile::path).sorted().toList();
        assertThat(javaFiles(Paths.stubs()).stream().map(p -> p.toString().replace('\\', '/')).toList())
                .isEqualTo(catalogue);
        assertThat(javaFiles(Paths.solutions()).stream().map(p -> p.toString().replace('\\', '/')).toList())
                .isEqualTo(catalogue);
    }

    @ParameterizedTest(name = "{0}: the stub throws TODO {0}, the solution has no TODO, the grader ships the stub")
    @MethodSource("files")
    void stubAndSolution(ExerciseFile f) throws IOException {
        String stub = Files.readString(Paths.stubs().resolve(f.path()));
        String solution = Files.readString(Paths.solutions().resolve(f.path()));
        assertThat(stub).contains("throw new UnsupportedOperationException(\"TODO " + f.exercise() + ".");
        assertThat(stub).contains("<p><b>Task.</b>", "<p><b>Math.</b>", "<p><b>Hint.</b>");
        assertThat(solution).doesNotContain("TODO");
        try (var in = Grader.class.getResourceAsStream("/" + Grader.STUBS + f.path())) {
            assertThat(in).as("stub resource of " + f.path()).isNotNull();
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(stub);
        }
    }
}
