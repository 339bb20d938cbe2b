package gradlab.tensor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.tensor.autograd.Function;
import gradlab.tensor.ops.Mul;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** "Every op is verified" by construction: an op class without a catalogue entry fails this test. */
class CatalogueCoverageTest {

    @Test
    void everyOpClassHasACatalogueEntry() throws Exception {
        Set<String> opClasses = opClassNames();
        Set<String> catalogued = OpCatalogue.entries().stream().map(OpCatalogue.Entry::op)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(opClasses).as("op classes found").hasSizeGreaterThan(40);
        assertThat(catalogued).as("ops missing from OpCatalogue (add one entry each)").containsAll(opClasses);
        assertThat(opClasses).as("catalogue entries naming no op class").containsAll(catalogued);
        assertThat(OpCatalogue.entries()).as("entries without a plain forward reference")
                .filteredOn(entry -> entry.reference() == null).isEmpty();
        assertThat(OpCatalogue.entries().stream().map(OpCatalogue.Entry::label)).as("entry labels")
                .doesNotHaveDuplicates();
    }

    /** The simple names of the concrete Function subclasses in gradlab.tensor.ops, read from the class directory. */
    static Set<String> opClassNames() throws URISyntaxException, ClassNotFoundException {
        URL url = Objects.requireNonNull(Mul.class.getResource("Mul.class"));
        File dir = new File(url.toURI()).getParentFile();
        Set<String> names = new TreeSet<>();
        for (String file : Objects.requireNonNull(dir.list())) {
            if (!file.endsWith(".class") || file.contains("$")) {
                continue;
            }
            String simple = file.substring(0, file.length() - ".class".length());
            Class<?> type = Class.forName("gradlab.tensor.ops." + simple);
            if (Function.class.isAssignableFrom(type) && !java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
                names.add(simple);
            }
        }
        return names;
    }

}
