package io.runbook.communication;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** E-mail through any SMTP server configured with {@code spring.mail.*}; absent without {@code spring.mail.host}. */
@Component
public class EmailChannel {

  private final ObjectProvider<JavaMailSender> sender;
  private final NotifyProperties properties;

  public EmailChannel(ObjectProvider<JavaMailSender> sender, NotifyProperties properties) {
    this.sender = sender;
    this.properties = properties;
  }

  public boolean configured() {
    return sender.getIfAvailable() != null;
  }

  public void send(List<String> to, String subject, String body) {
    JavaMailSender mail = sender.getIfAvailable();
    if (mail == null) {
      throw new IllegalStateException("e-mail is not configured: set spring.mail.host");
    }
    if (to.isEmpty()) {
      throw new IllegalStateException("no e-mail address to send to");
    }
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(properties.from());
    message.setTo(to.toArray(String[]::new));
    message.setSubject(subject);
    message.setText(body);
    mail.send(message);
  }
}
