package gradlab.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What part 3's README says about {@code gradlab.nn.Module} and {@code java.lang.Module}, compiled: with
 * {@code import gradlab.nn.*;} the name {@code Module} is ambiguous, and an explicit {@code import gradlab.nn.Module;}
 * fixes it (the README's examples use it).
 */
class ModuleImportTest {
    @TempDir
    Path out;

    private static final String BODY = """
            class Mlp extends Module {
                final Linear fc1 = new Linear(2, 16);
                final Linear fc2 = new Linear(16, 1);

                @Override
                public Tensor forward(Tensor x) {
                    return fc2.forward(fc1.forward(x).relu());
                }
            }
            """;

    private String compile(String imports) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///Mlp.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return imports + "\n" + BODY;
            }
        };
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok = javac.getTask(new StringWriter(), null, diagnostics, List.of("-classpath",
                System.getProperty("java.class.path"), "-d", out.toString()), null, List.of(source)).call();
        StringBuilder sb = new StringBuilder(ok ? "compiled" : "failed");
        diagnostics.getDiagnostics().forEach(d -> sb.append('\n').append(d.getMessage(null)));
        return sb.toString();
    }

    @Test
    void theWildcardImportMakesModuleAmbiguous() {
        assertThat(compile("import gradlab.nn.*;\nimport gradlab.tensor.Tensor;"))
                .startsWith("failed").contains("reference to Module is ambiguous")
                .contains("gradlab.nn.Module").contains("java.lang.Module");
    }

    @Test
    void anExplicitImportOfGradlabNnModuleWins() {
        assertThat(compile("import gradlab.nn.*;\nimport gradlab.nn.Module;\nimport gradlab.tensor.Tensor;"))
                .isEqualTo("compiled");
        assertThat(compile("import gradlab.nn.Linear;\nimport gradlab.nn.Module;\nimport gradlab.tensor.Tensor;"))
                .isEqualTo("compiled");
    }
}
