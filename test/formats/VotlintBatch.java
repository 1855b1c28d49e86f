// Runs stilts votlint on several VOTable files in one JVM (a JVM start per file would make the
// formats tests slow); prints "=== file" before each file's messages.
import uk.ac.starlink.ttools.Stilts;
import uk.ac.starlink.ttools.task.LineInvoker;
public class VotlintBatch {
  public static void main(String[] files) throws Exception {
    LineInvoker invoker = new LineInvoker("stilts", Stilts.getTaskFactory());
    for (String f : files) {
      System.out.println("=== " + f);
      System.out.flush();
      invoker.invoke(new String[] { "votlint", "votable=" + f }, null);
      System.out.flush();
    }
  }
}
