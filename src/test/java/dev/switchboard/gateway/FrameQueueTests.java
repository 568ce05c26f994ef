package dev.switchboard.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.switchboard.protocol.OutboundFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer's queue: what goes in comes out once, in order, and nothing is held idle.
 */
class FrameQueueTests {

	@Test
	void takeReturnsEverythingQueuedInOrderAndEmptiesTheQueue() {
		FrameQueue queue = new FrameQueue();
		for (int i = 0; i < 40; i++) {
			queue.add(frame("f" + i));
		}
		assertThat(texts(queue)).containsExactlyElementsOf(range("f", 0, 40));
		assertThat(queue.isEmpty()).isTrue();
		assertThat(texts(queue)).isEmpty();
	}

	@Test
	void framesQueuedAfterATakeComeWithTheNextOne() {
		FrameQueue queue = new FrameQueue();
		queue.add(frame("a"));
		assertThat(texts(queue)).containsExactly("a");
		queue.add(frame("b"));
		queue.add(frame("c"));
		assertThat(texts(queue)).containsExactly("b", "c");
	}

	@Test
	void clearDropsWhatIsQueuedAndSaysHowMuch() {
		FrameQueue queue = new FrameQueue();
		queue.add(frame("a"));
		queue.add(frame("b"));
		assertThat(queue.clear()).isEqualTo(2);
		assertThat(queue.isEmpty()).isTrue();
		assertThat(texts(queue)).isEmpty();
	}

	@Test
	void releaseKeepsFramesQueuedMeanwhile() {
		FrameQueue queue = new FrameQueue();
		queue.add(frame("a"));
		texts(queue);
		queue.add(frame("b"));
		queue.release();
		assertThat(texts(queue)).containsExactly("b");
		queue.release();
		queue.add(frame("c"));
		assertThat(texts(queue)).containsExactly("c");
	}

	@Test
	void concurrentProducersLoseNothingAndKeepTheirOwnOrder() throws InterruptedException {
		FrameQueue queue = new FrameQueue();
		int producers = 4;
		int each = 20_000;
		CountDownLatch done = new CountDownLatch(producers);
		for (int p = 0; p < producers; p++) {
			String prefix = "p" + p + "-";
			Thread.ofPlatform().start(() -> {
				for (int i = 0; i < each; i++) {
					queue.add(frame(prefix + i));
				}
				done.countDown();
			});
		}
		List<String> seen = new ArrayList<>();
		while (done.getCount() > 0 || !queue.isEmpty()) {
			seen.addAll(texts(queue));
		}
		assertThat(seen).hasSize(producers * each);
		for (int p = 0; p < producers; p++) {
			String prefix = "p" + p + "-";
			assertThat(seen.stream().filter((s) -> s.startsWith(prefix)).toList())
				.containsExactlyElementsOf(range(prefix, 0, each));
		}
	}

	private static List<String> texts(FrameQueue queue) {
		OutboundFrame[] frames = queue.take();
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < queue.taken(); i++) {
			texts.add(new String(frames[i].bytes(), StandardCharsets.UTF_8));
		}
		return texts;
	}

	private static List<String> range(String prefix, int from, int to) {
		List<String> out = new ArrayList<>();
		for (int i = from; i < to; i++) {
			out.add(prefix + i);
		}
		return out;
	}

	private static OutboundFrame frame(String text) {
		return OutboundFrame.raw(text.getBytes(StandardCharsets.UTF_8));
	}

}
