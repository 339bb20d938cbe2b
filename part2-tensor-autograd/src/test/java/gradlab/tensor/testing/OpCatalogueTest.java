package gradlab.tensor.testing;

/**
 * The op catalogue ({@link OpCatalogueTests}: 100 seeded cases of every op, in every layout) on part 2's own devices,
 * the CPU device and the reference device.
 */
class OpCatalogueTest extends OpCatalogueTests {
}
